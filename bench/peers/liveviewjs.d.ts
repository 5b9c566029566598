/**
 * `liveviewjs` and `@liveviewjs/express` 0.8.1 ship typings (dist/*.d.ts) that their package.json "exports" do not
 * name, so TypeScript's NodeNext resolution cannot find them through the package name. These shorthand
 * declarations let the package names resolve; bench/peers/lvjs.ts gives the imports their real types, read from
 * the shipped .d.ts files by relative path.
 */
declare module "liveviewjs";
declare module "@liveviewjs/express";
