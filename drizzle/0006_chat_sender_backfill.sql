-- Messages stored before clientMsgId was scoped to its sender (issue 10, B8) get the sender of
-- a claimed name, `name:<name>`: the best that can be known of them. Their keys were unique
-- across all senders, so they stay unique per (sender, client_msg_id).
UPDATE `chat_messages` SET `sender` = 'name:' || `name` WHERE `sender` = '';
