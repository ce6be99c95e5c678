/**
 * Opens the room at a message: history loads on both sides of it and the list highlights it
 * (a search hit, a reply quote, a permalink all land the same way, through the URL).
 */
export function jumpToMessage(roomId: string, messageId: number): void {
  location.hash = `#/r/${roomId}/m/${messageId}`;
}
