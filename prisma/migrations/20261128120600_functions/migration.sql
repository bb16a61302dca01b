-- Hand-written, applied before the tables that use it.
-- Time-ordered UUIDs (version 7): 48 bits of Unix milliseconds, then random bits. New job ids
-- land at the right end of the primary-key index instead of at random pages, which keeps the
-- queue's insert path cheap. Written in SQL, without semicolons in the body, because the WASM
-- migration engine splits scripts on every semicolon.
CREATE FUNCTION rudo_uuid_v7() RETURNS uuid LANGUAGE sql VOLATILE PARALLEL SAFE AS $$
  SELECT encode(set_bit(set_bit(overlay(uuid_send(gen_random_uuid()) PLACING substring(int8send(floor(extract(epoch FROM clock_timestamp()) * 1000)::bigint) FROM 3) FROM 1 FOR 6), 52, 1), 53, 1), 'hex')::uuid
$$;
