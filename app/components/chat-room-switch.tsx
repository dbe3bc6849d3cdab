'use client';

import { GENERAL_ROOM } from '@/lib/protocol';

/** A board page's chat room choice: the board's own room, or `general`. */
export type ChatRooms = {
  /** The room shown now: the board's slug or `general`. */
  current: string;
  /** The board of the page (its room is its slug); undefined on the default board (`/`). */
  board: { slug: string; name: string } | undefined;
  onSwitch: (room: string) => void;
};

/**
 * The chat panel header's room switch: "# <board name>" / "# general", the one shown pressed.
 * The default board (`/`) shows `general` only, without a choice.
 */
export function ChatRoomSwitch({ rooms }: { rooms: ChatRooms }) {
  const { board, current, onSwitch } = rooms;
  if (!board) {
    return (
      <p className="chat-rooms" data-testid="chat-room">
        # {GENERAL_ROOM}
      </p>
    );
  }
  const choices = [
    { room: board.slug, label: `# ${board.name}` },
    { room: GENERAL_ROOM, label: `# ${GENERAL_ROOM}` },
  ];
  return (
    <fieldset className="chat-rooms">
      <legend className="visually-hidden">Chat room</legend>
      {choices.map((choice) => (
        <button
          key={choice.room}
          type="button"
          className="chat-room-choice"
          aria-pressed={choice.room === current}
          data-testid={`chat-room-${choice.room === GENERAL_ROOM ? 'general' : 'board'}`}
          onClick={() => onSwitch(choice.room)}
        >
          {choice.label}
        </button>
      ))}
    </fieldset>
  );
}
