export * from './list-members.ts';
export * from './remove-member.ts';
export * from './set-member.ts';
export * from './whoami.ts';
