/**
 * What Rein reads from a synced object class: key patterns, which fields are state and their wire names, remote
 * methods, and a clear TypeError at start for every bad static member.
 */
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { action, createRein, liveRoutes, SyncedObject, task, type SyncedClass } from "rein";
import { defineObject, stateFields, toCamelCase } from "../../src/sync/definition.ts";
import { compileKeyPattern } from "../../src/sync/key-pattern.ts";

class Plain extends SyncedObject {
  static override key = "plain";
  created_at = "now";
  count = 1;
  _hidden = true;
  #secret = "never";
  secretLength() {
    return this.#secret.length;
  }
  @action() bump() {
    this.count++;
  }
  @task() async run() {}
}

describe("synced object definitions", () => {
  it("takes public fields as state (not _fields, #fields, methods), and finds actions and tasks", () => {
    const d = defineObject(Plain);
    expect(stateFields(d, new Plain())).toEqual(["created_at", "count"]);
    expect([...d.remotes.keys()].sort()).toEqual(["bump", "run"]);
    expect(d.remotes.get("run")!.kind).toBe("task");
  });

  it("honours include, exclude and camelCase wire names", () => {
    class Only extends Plain {
      static override fields = { include: ["count"] };
    }
    class Not extends Plain {
      static override fields = { exclude: ["count"] };
      static override wireNames = "camelCase" as const;
    }
    expect(stateFields(defineObject(Only), new Only())).toEqual(["count"]);
    const d = defineObject(Not);
    expect(stateFields(d, new Not()).map(d.wireName)).toEqual(["createdAt"]);
    expect(toCamelCase("a_long__name_2")).toBe("aLongName2");
  });

  it("matches key patterns with params", () => {
    const p = compileKeyPattern("user/:userId/todos");
    expect(p.match("user/42/todos")).toEqual({ userId: "42" });
    expect(p.match("user//todos")).toBeUndefined();
    expect(p.match("user/42/todos/x")).toBeUndefined();
    expect(() => compileKeyPattern("a//b")).toThrow(TypeError);
    expect(() => compileKeyPattern("a/:x/:x")).toThrow(/twice/);
  });

  it("refuses bad classes and bad statics with a TypeError naming them", () => {
    class NoKey extends SyncedObject {}
    const bad = (statics: Record<string, unknown>) => {
      class C extends SyncedObject {}
      Object.assign(C, { key: "k" }, statics);
      return () => defineObject(C as unknown as SyncedClass);
    };
    expect(() => defineObject(NoKey as unknown as SyncedClass)).toThrow(/needs a static key/);
    expect(() => defineObject(class {} as unknown as SyncedClass)).toThrow(/must be a class extending SyncedObject/);
    expect(bad({ schema: { parse() {} } })).toThrow(/Standard Schema/);
    expect(bad({ scope: "global" })).toThrow(/scope/);
    expect(bad({ maxBinaryBytes: -1 })).toThrow(/maxBinaryBytes/);
    expect(bad({ fields: { include: "count" } })).toThrow(/include/);
    expect(bad({ wireNames: "snake" })).toThrow(/wireNames/);
    expect(bad({ schema: z.object({}) })).not.toThrow();
  });

  it("refuses @action on reserved names and on fields", () => {
    expect(() => {
      class C extends SyncedObject {
        static override key = "c";
        @action() override sync() {}
      }
      return C;
    }).toThrow(/reserved|SyncedObject member/);
  });

  it("createRein refuses two classes with one key pattern, and a non-array objects option", () => {
    class A extends SyncedObject {
      static override key = "same/:id";
    }
    class B extends SyncedObject {
      static override key = "same/:id";
    }
    expect(() => createRein({ routes: liveRoutes([]), objects: [A, B], log: () => {} })).toThrow(/two classes have the key pattern/);
    expect(() => createRein({ routes: liveRoutes([]), objects: A as unknown as SyncedClass[], log: () => {} })).toThrow(/"objects" must be an array/);
  });

  it("a method called on an object Rein did not open says so", () => {
    expect(() => new Plain().sync()).toThrow(/is not open/);
  });
});
