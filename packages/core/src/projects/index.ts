export * from './create-project.ts';
export * from './get-project.ts';
export * from './list-projects.ts';
export * from './update-project.ts';
