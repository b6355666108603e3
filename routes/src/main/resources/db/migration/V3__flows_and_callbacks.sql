-- Fan-out: which flows each accepted event concerns, decided once at intake (",portal,payment,"). A flow fed
-- by only some events of a dossier passes over the others; an event's flows never change once accepted.
alter table inbound_event add column flows varchar(400);
update inbound_event set flows = ',portal,';
alter table inbound_event alter column flows set not null;

-- Messages the middleware makes for a peer (today: callbacks to the one-stop software), kept once, numbered in
-- their dossier's order at that peer. source_peer/source_sequence name the step whose outcome they tell of, so
-- that a repeated step can queue them again.
create table outbound_message (
    id               varchar(36)  not null primary key,
    peer             varchar(32)  not null,
    dossier_code     varchar(40)  not null,
    sequence         integer      not null,
    recipient        varchar(64)  not null,
    kind             varchar(40)  not null,
    source_peer      varchar(32)  not null,
    source_sequence  integer      not null,
    payload          text         not null,
    created_at       timestamp with time zone not null,
    constraint uq_outbound_message_step unique (peer, dossier_code, sequence)
);
create index ix_outbound_message_source on outbound_message (dossier_code, source_peer, source_sequence);
