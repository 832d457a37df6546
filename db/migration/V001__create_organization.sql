CREATE TABLE organization (
    id                           BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    name                         VARCHAR(100) NOT NULL,
    created_at                   TIMESTAMP(6) NOT NULL,
    version                      INT          NOT NULL DEFAULT 0
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
