import type { User } from '@baton/contracts';
import type { UsersTable } from '../db/schema.ts';

export type UserRow = UsersTable;

export const toUser = (row: UserRow): User => ({
  id: row.id,
  username: row.username,
  displayName: row.display_name,
  isAdmin: row.is_admin === 1,
  createdAt: row.created_at,
});
