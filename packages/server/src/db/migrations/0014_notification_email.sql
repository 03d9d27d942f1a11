-- E-mail for notifications (issue 4), as an outbox on the notices themselves: a notice is written in its
-- transition's transaction, and a sender loop mails it later, so a crash loses nothing and a slow mail
-- server never holds up a request.
alter table notifications
  -- when the mail server accepted it
  add column emailed_at timestamptz,
  -- counted when claimed, so a message that kills the sender is not claimed forever
  add column email_attempts integer not null default 0,
  -- not picked before this time: the claim's lease while sending, then the back-off after a failure
  add column email_next_at timestamptz,
  -- the mail server's last refusal or the connection error
  add column email_error text;

-- The sender reads recent unsent notices; sent ones leave the index.
create index notifications_email_outbox on notifications (created_at) where emailed_at is null;
