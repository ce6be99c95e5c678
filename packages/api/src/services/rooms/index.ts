// Rooms, split by capability. Every router reaches a room through `memberships`.
export { isMember, requireMembership, type Membership } from './memberships.js';
export { listMembers, listRooms, roomById } from './listing.js';
export { browsePublic, type PublicRoomPage } from './browse.js';
export { addMembers, addMembersTx, createGroup, memberDto, joinRoom, leaveRoom, updateRoom } from './changes.js';
export { openDirect } from './direct.js';
export { markRead, markUnread } from './read-markers.js';
export { setNotificationLevel, type NotificationSettings } from './levels.js';
