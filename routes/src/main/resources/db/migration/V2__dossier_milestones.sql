-- When each dossier reached "processed" and "result returned" at each peer, kept beside its position so that
-- sending a step needs no extra query for the header's milestone dates. Filled from the delivered steps.
alter table peer_dossier add column processed_at timestamp with time zone;
alter table peer_dossier add column result_returned_at timestamp with time zone;

update peer_dossier d set
    processed_at = (select s.occurred_at from peer_step s where s.peer = d.peer and s.dossier_code = d.dossier_code
                    and s.status = 9 and s.state = 'DELIVERED' order by s.sequence desc limit 1),
    result_returned_at = (select s.occurred_at from peer_step s where s.peer = d.peer and s.dossier_code = d.dossier_code
                          and s.status = 10 and s.state = 'DELIVERED' order by s.sequence desc limit 1);
