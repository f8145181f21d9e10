// The watchdog of the page before the app (a classic script, no modules: it must run in
// the old webviews it exists for).
//
// If this browser has no WebAssembly, if loading or starting the app fails, or if the app
// has not started after 20 seconds, it hides the loading screen and shows the plain
// message with the hospital's phone number (#nowasm) instead of leaving a blank or
// endlessly loading page. The app, once mounted, removes #boot and sets
// <html data-app="ready">; from then on this script does nothing.
(function () {
  'use strict';

  var root = document.documentElement;
  var START_TIMEOUT_MS = 20000;
  var timer = null;

  function started() {
    return root.getAttribute('data-app') === 'ready';
  }

  function show() {
    var boot = document.getElementById('boot');
    var message = document.getElementById('nowasm');
    if (boot) { boot.hidden = true; }
    if (message) { message.hidden = false; }
    root.setAttribute('data-app', 'failed');
  }

  function fail() {
    if (started() || root.getAttribute('data-app') === 'failed') { return; }
    if (timer !== null) { clearTimeout(timer); timer = null; }
    if (document.readyState === 'loading') {
      document.addEventListener('DOMContentLoaded', show);
    } else {
      show();
    }
  }

  if (typeof WebAssembly !== 'object' || typeof WebAssembly.instantiate !== 'function') {
    fail();
    return;
  }

  // Script errors, and (in the capture phase) failed loads of the app's own files. Other
  // failed resources, such as an image, do not stop the app.
  window.addEventListener('error', function (event) {
    var target = event.target;
    if (target && target !== window && target.tagName) {
      var tag = target.tagName.toUpperCase();
      if (tag !== 'SCRIPT' && tag !== 'LINK') { return; }
    }
    fail();
  }, true);

  // A rejected import or WebAssembly.instantiate in trunk's loader.
  window.addEventListener('unhandledrejection', fail);

  timer = setTimeout(fail, START_TIMEOUT_MS);
})();
