-- Inter-agency chains (liên thông, DOMAIN 6): one per dossier whose procedure has a chain in config/ministry-chains.yml.
-- event_id: the dossier event that started it (the dossier as each package describes it).
-- state: RUNNING, COMPLETED (last result approved), REFUSED (a ministry refused), STOPPED (status 3, 7 or 8).
create table ministry_chain (
    dossier_code      varchar(40)  not null primary key,
    chain_name        varchar(50)  not null,
    procedure_code    varchar(100) not null,
    event_id          varchar(36)  not null,
    steps             integer      not null,
    state             varchar(16)  not null,
    started_at        timestamp with time zone not null,
    ended_at          timestamp with time zone,
    end_reason        varchar(500)
);

-- One package per chain step, signed once when the step is decided: every retry sends these very bytes (same
-- MessageId, same signature), as the contract requires. The parts list says which stored files travel with it.
-- sent_at/receipt: when the ministry's checked receipt came back; status/outcome: what the ministry reported.
create table ministry_package (
    message_id        varchar(36)  not null primary key,
    dossier_code      varchar(40)  not null,
    step_no           integer      not null,
    agency            varchar(50)  not null,
    signed_package    bytea        not null,
    parts             varchar(20000) not null,
    created_at        timestamp with time zone not null,
    due_at            timestamp with time zone not null,
    sent_at           timestamp with time zone,
    receipt_id        varchar(36),
    receipt           bytea,
    status            varchar(32),
    status_at         timestamp with time zone,
    outcome           varchar(16),
    result_message_id varchar(36),
    result_at         timestamp with time zone,
    constraint uq_ministry_package_step unique (dossier_code, step_no)
);
create index ix_ministry_package_open on ministry_package (result_at, due_at);

-- Statuses and results received from ministries, exactly as signed, with the signed receipt that answered each:
-- a byte-identical repeat gets that receipt again; the same MessageId with other bytes is a conflict.
create table ministry_message (
    sender            varchar(50)  not null,
    message_id        varchar(36)  not null,
    kind              varchar(16)  not null,
    dossier_code      varchar(40)  not null,
    in_reply_to       varchar(36)  not null,
    reply_value       varchar(32)  not null,
    note              varchar(4000),
    sha256            varchar(64)  not null,
    signed_package    bytea        not null,
    receipt           bytea        not null,
    received_at       timestamp with time zone not null,
    primary key (sender, message_id)
);

-- The documents of ministry results, kept in the attachment store by their SHA-256.
create table ministry_document (
    message_id        varchar(36)  not null,
    document_id       varchar(100) not null,
    dossier_code      varchar(40)  not null,
    agency            varchar(50)  not null,
    name              varchar(255) not null,
    media_type        varchar(100) not null,
    size              bigint       not null,
    sha256            varchar(64)  not null,
    primary key (message_id, document_id)
);
create index ix_ministry_document_dossier on ministry_document (dossier_code);
