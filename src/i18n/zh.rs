//! Simplified Chinese, the hospital's first language.

use super::Texts;

/// Every message in Simplified Chinese.
pub const ZH: Texts = Texts {
    app_name: "Careway 患者服务",
    language_name: "中文",
    switch_to_language: "切换为中文",
    skip_to_content: "跳到主要内容",
    loading: "正在加载…",
    retry: "重试",
    back_home: "返回首页",
    need_help: "需要帮助？请致电医院服务台",
    call_hospital: "拨打医院电话",

    nav_label: "主导航",
    nav_home: "首页",
    nav_booking: "预约",
    nav_inbox: "消息",
    nav_me: "我的",

    large_text: "大字",
    demo_badge: "演示医院",
    services_heading: "服务",
    meta_failed: "暂时无法连接医院服务",

    booking_title: "预约挂号",
    booking_hint: "选择科室、医生和时间",
    navigation_title: "院内导航",
    navigation_hint: "去诊室、检验科、药房怎么走",
    queue_title: "排队叫号",
    queue_hint: "查看排队进度和等候时间",
    reports_title: "报告查询",
    reports_hint: "检验和检查报告",
    inbox_title: "随访问卷与消息",
    inbox_hint: "问卷、复诊提醒和健康知识",
    login_title: "登录",

    coming_soon: "即将开放",
    coming_soon_body: |service| {
        format!("“{service}”暂时还不能在本应用中办理。如需帮助，请致电医院服务台或到服务台咨询。")
    },

    not_found_title: "找不到这个页面",
    not_found_body: "您打开的页面不存在或已经移动。",

    me_title: "我的",
    settings_heading: "显示与语言",
    language_label: "语言",
    elder_mode_label: "长辈模式",
    elder_mode_hint: "字更大、按钮更大、颜色对比更清楚",
    on: "已开启",
    off: "已关闭",
    account_heading: "账户与就诊人",
    account_coming_soon: "登录、管理家人（就诊人）的功能即将开放。",

    start_over: "重新开始",
    idle_title: "即将返回首页",
    idle_countdown: |seconds| format!("{seconds} 秒后将返回首页，并清除您在本机上的操作。"),
    idle_continue: "继续使用",

    error_network: "网络连接失败，请检查网络后重试。",
    error_decode: "服务返回的内容无法识别，请稍后重试。",
    error_aborted: "请求已取消。",
    error_status: |status| format!("服务暂时不可用（错误代码 {status}），请稍后重试。"),
};
