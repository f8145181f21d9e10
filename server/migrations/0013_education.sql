-- Health education articles and the departments after whose visits each is sent, written
-- from the content files at every start. The articles' text and pictures are served from
-- memory; these rows let the transaction that completes a visit address its messages.
CREATE TABLE education_articles (
    id          TEXT PRIMARY KEY,
    title_zh    TEXT NOT NULL,
    title_en    TEXT NOT NULL,
    summary_zh  TEXT NOT NULL,
    summary_en  TEXT NOT NULL,
    sort_order  INTEGER NOT NULL
);

CREATE TABLE education_departments (
    department_id TEXT NOT NULL,
    article_id    TEXT NOT NULL REFERENCES education_articles (id) ON DELETE CASCADE,
    PRIMARY KEY (department_id, article_id)
);
