-- Online payments of fees (DOMAIN 7): one row per payment request (MaThamChieu), one request per fee set of a
-- dossier (fee_set: SHA-256 of its fee codes and amounts). state: REQUESTING (INIT sent, answer not recorded yet:
-- sent again under the same reference), REQUESTED, PAID, FAILED (the platform said the payment failed), REFUSED
-- (the platform refused INIT: a new reference next time). CONFIRM and QUERY settle a payment through one code path.
create table payment (
    reference        varchar(32)   not null primary key,
    dossier_code     varchar(40)   not null,
    fee_set          varchar(64)   not null,
    amount           bigint        not null,
    state            varchar(16)   not null,
    payment_url      varchar(1000),
    qr_payload       varchar(512),
    requested_at     timestamp with time zone not null,
    transaction_id   varchar(64),
    paid_at          timestamp with time zone,
    settled_by       varchar(8),
    settled_at       timestamp with time zone,
    failure          varchar(500),
    next_query_at    timestamp with time zone,
    queries          integer       not null,
    receipt          text,
    receipt_at       timestamp with time zone
);
create index ix_payment_dossier on payment (dossier_code, fee_set);
create index ix_payment_due on payment (state, next_query_at);
