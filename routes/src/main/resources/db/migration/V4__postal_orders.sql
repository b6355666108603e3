-- Postal orders (DOMAIN 8): one per dossier and service type, however often events repeat or are replayed.
-- A row is written as soon as the operator has given the item code, before anything else, so that a repeated
-- delivery finds it and never orders twice. status_code is the last accepted tracking status; statuses only move
-- forward. news_at: when the order last moved (or was placed); pulled_at: when its tracking was last pulled.
create table postal_order (
    dossier_code      varchar(40)  not null,
    service_type      varchar(16)  not null,
    partner           varchar(64)  not null,
    item_code         varchar(13)  not null,
    cod_amount        bigint       not null,
    status_code       integer,
    status_time       timestamp with time zone,
    collected_amount  bigint       not null,
    ordered_at        timestamp with time zone not null,
    news_at           timestamp with time zone not null,
    pulled_at         timestamp with time zone,
    primary key (dossier_code, service_type),
    constraint uq_postal_order_item unique (item_code)
);
create index ix_postal_order_open on postal_order (status_code, news_at);

-- Every accepted tracking status of every shipment, pushed or pulled: the history the one-stop software was told of
-- and what COD reconciliation counts.
create table postal_tracking (
    item_code         varchar(13)  not null,
    status_code       integer      not null,
    status_time       timestamp with time zone not null,
    location          varchar(500) not null,
    collected_amount  bigint       not null,
    learned_by        varchar(8)   not null,
    received_at       timestamp with time zone not null,
    primary key (item_code, status_code)
);
