import { CHAT_HISTORY_DEFAULT_MESSAGES, type ChatMessage, type ServerFrame } from '@/lib/protocol';
import { CHAT_MESSAGES_MAX, CHAT_SCROLLBACK_MAX_MESSAGES, mergeMessages } from './chat-messages';

/** How long "x is typing" stays up after a typing frame, in milliseconds. */
export const TYPING_INDICATOR_MS = 3000;

/** A message sent but not acknowledged yet; it is resent, with the same id, on reconnect. */
export type PendingMessage = { clientMsgId: string; name: string; text: string; ts: number };

/** Everything the chat panel shows. */
export type ChatState = {
  /** The name the server welcomed us with. */
  self: string | undefined;
  /** Confirmed messages, ascending by id, no duplicates. */
  messages: readonly ChatMessage[];
  pending: readonly PendingMessage[];
  /** The highest message id seen: the `since` of the next connection. */
  lastId: number | undefined;
  /** Online names, sorted. */
  online: readonly string[];
  /** Name to the time (epoch ms) its typing indicator ends. */
  typing: Readonly<Record<string, number>>;
  historyTruncated: boolean;
  /** Older messages may exist before the first one held (read with GET /api/chat/messages). */
  hasOlder: boolean;
  /** The name the server refused (`name_taken`): the panel asks for another. */
  nameTaken: string | undefined;
  error: string | undefined;
};

export type ChatAction =
  | { type: 'server'; frame: ServerFrame; now: number }
  | { type: 'queue'; message: PendingMessage }
  | { type: 'expire-typing'; now: number }
  | { type: 'error'; message: string | undefined }
  | { type: 'older'; messages: readonly ChatMessage[]; hasMore: boolean }
  | { type: 'name-taken'; name: string | undefined };

/** The state before any connection. */
export const initialChatState: ChatState = {
  self: undefined,
  messages: [],
  pending: [],
  lastId: undefined,
  online: [],
  typing: {},
  historyTruncated: false,
  hasOlder: true,
  nameTaken: undefined,
  error: undefined,
};

/** Applies one server frame or local action; never mutates `state`. */
export function chatReducer(state: ChatState, action: ChatAction): ChatState {
  switch (action.type) {
    case 'queue':
      return { ...state, pending: [...state.pending, action.message], error: undefined };
    case 'expire-typing':
      return { ...state, typing: activeTyping(state.typing, action.now) };
    case 'error':
      return { ...state, error: action.message };
    case 'name-taken':
      return { ...state, nameTaken: action.name };
    case 'older':
      return {
        ...state,
        messages: mergeMessages(
          action.messages,
          state.messages,
          scrollback(state, action.messages),
        ),
        hasOlder: action.hasMore,
      };
    case 'server':
      return applyFrame(state, action.frame, action.now);
  }
}

function applyFrame(state: ChatState, frame: ServerFrame, now: number): ChatState {
  switch (frame.type) {
    case 'welcome':
      return withMessages(
        {
          ...state,
          // A reader (`read=1`) is welcomed without a name.
          self: frame.name === '' ? undefined : frame.name,
          // A reader's welcome keeps a refusal on show; a name's welcome ends it.
          nameTaken: frame.name === '' ? state.nameTaken : undefined,
          // A first welcome without a full page of history holds every message there is.
          hasOlder:
            state.lastId === undefined
              ? frame.history.length >= CHAT_HISTORY_DEFAULT_MESSAGES
              : state.hasOlder,
          online: sortedNames(frame.online),
          typing: {},
          historyTruncated: frame.historyTruncated === true,
          error: undefined,
        },
        frame.history,
      );
    case 'message': {
      const { type: _type, ...message } = frame;
      const { [message.name]: _gone, ...typing } = state.typing;
      return withMessages({ ...state, typing }, [message]);
    }
    case 'ack': {
      const sent = state.pending.find((p) => p.clientMsgId === frame.clientMsgId);
      if (!sent) return state;
      return withMessages(state, [
        {
          id: frame.id,
          name: sent.name,
          text: sent.text,
          ts: frame.ts,
          clientMsgId: sent.clientMsgId,
        },
      ]);
    }
    case 'typing':
      if (frame.name === state.self) return state;
      return {
        ...state,
        typing: { ...activeTyping(state.typing, now), [frame.name]: now + TYPING_INDICATOR_MS },
      };
    case 'presence': {
      const left = new Set(frame.left);
      const online = [...state.online, ...frame.joined].filter((n) => !left.has(n));
      return { ...state, online: sortedNames(online) };
    }
    case 'message_edited':
      return {
        ...state,
        messages: state.messages.map((m) =>
          m.id === frame.id ? { ...m, text: frame.text, editedAt: frame.editedAt } : m,
        ),
      };
    case 'message_deleted':
      return { ...state, messages: state.messages.filter((m) => m.id !== frame.id) };
    case 'error':
      return { ...state, error: frame.message };
  }
}

/** How many messages to keep: the usual window, or what the reader scrolled back to load. */
function scrollback(state: ChatState, incoming: readonly ChatMessage[]): number {
  const wanted = Math.max(CHAT_MESSAGES_MAX, state.messages.length + incoming.length);
  return Math.min(wanted, CHAT_SCROLLBACK_MAX_MESSAGES);
}

/** Merges `incoming` by id and settles the pending messages they confirm. */
function withMessages(state: ChatState, incoming: readonly ChatMessage[]): ChatState {
  if (incoming.length === 0) return state;
  const confirmed = new Set(incoming.map((m) => m.clientMsgId).filter(Boolean));
  const lastId = Math.max(state.lastId ?? 0, ...incoming.map((m) => m.id));
  return {
    ...state,
    messages: mergeMessages(state.messages, incoming, scrollback(state, [])),
    pending: state.pending.filter((p) => !confirmed.has(p.clientMsgId)),
    lastId,
  };
}

/** Names whose typing indicator is still up at `now`, sorted. */
export function typingNames(typing: Readonly<Record<string, number>>, now: number): string[] {
  return Object.keys(activeTyping(typing, now)).sort();
}

function activeTyping(
  typing: Readonly<Record<string, number>>,
  now: number,
): Record<string, number> {
  return Object.fromEntries(Object.entries(typing).filter(([, until]) => until > now));
}

function sortedNames(names: readonly string[]): string[] {
  return [...new Set(names)].sort((a, b) => a.localeCompare(b));
}
