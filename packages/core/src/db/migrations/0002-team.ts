import { type Kysely, sql } from 'kysely';
import type { Dialect } from '../database.ts';

// The team lane: people's profiles and skills, per-project team-health settings, and the
// catalogue's sections that are not roles (backgrounds, skill synonyms).
export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('member_profiles')
    .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
    .addColumn('background', 'text')
    .addColumn('summary', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('member_skills')
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('skill', 'text', (c) => c.notNull())
    .addColumn('level', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('member_skills_pk', ['user_id', 'skill'])
    .execute();

  await db.schema
    .createTable('team_settings')
    .addColumn('project_id', 'text', (c) => c.primaryKey().references('projects.id').onDelete('cascade'))
    .addColumn('settings', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('role_catalogue_sections')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('definition', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  // A catalogue stored before this step: product owners now manage the team (as product
  // managers did), and the project admin and viewer roles are access roles, not team jobs.
  const rows = await sql<{ key: string; definition: string }>`
    select "key", definition from roles where "key" in ('product-owner', 'admin', 'viewer')`.execute(db);
  for (const row of rows.rows) {
    const definition = JSON.parse(row.definition) as { permissions?: string[]; kind?: string };
    if (row.key === 'product-owner' && !definition.permissions?.includes('member.manage')) {
      definition.permissions = [...(definition.permissions ?? []), 'member.manage'];
    }
    if (row.key !== 'product-owner' && definition.kind === undefined) definition.kind = 'access';
    await sql`update roles set definition = ${JSON.stringify(definition)} where "key" = ${row.key}`.execute(
      db,
    );
  }
}
