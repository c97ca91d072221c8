// Activity analyses filter events by kind.
CREATE INDEX event_kind IF NOT EXISTS FOR (n:Event) ON (n.kind)
