/**
 * The README's promises, run as written: `npm start`'s entry boots the gallery on HOST/PORT and stops on SIGTERM,
 * and the "first LiveView" code block works as printed. (djust's generator produced projects that did not boot,
 * #1787; ours are checked on every run.)
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { expect, it } from "vitest";
import { loadPage, TestSocket } from "rein/testing";

const root = fileURLToPath(new URL("../..", import.meta.url));

it("npm start's entry serves the gallery on HOST:PORT and exits cleanly on SIGTERM", async () => {
  const child = spawn(process.execPath, ["--conditions=rein-source", "--import", "tsx", "demo/main.ts"], {
    cwd: root,
    env: { ...process.env, HOST: "127.0.0.1", PORT: "0" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error("no address printed within 20 s")), 20_000);
      let out = "";
      child.stdout.on("data", (d: Buffer) => {
        out += d;
        const m = /Rein demo gallery: (http:\/\/127\.0\.0\.1:\d+)\//.exec(out);
        if (m) clearTimeout(t), resolve(m[1]!);
      });
      child.once("exit", (code) => reject(new Error(`exited with ${code} before listening`)));
    });
    for (const path of ["/", "/counter", "/todomvc", "/tour", "/rein/client.js"]) {
      expect((await fetch(url + path)).status, path).toBe(200);
    }
    const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
  } finally {
    child.kill("SIGKILL");
  }
});

it("the README's first LiveView runs as printed", async () => {
  const readme = readFileSync(join(root, "README.md"), "utf8");
  const block = /## A first LiveView\s+```tsx\n([\s\S]*?)```/.exec(readme)?.[1];
  expect(block, "README has a tsx block under 'A first LiveView'").toBeDefined();
  expect(block!.trim().split("\n").length).toBeLessThan(20);
  // The one change: listen on a free port and hand the server to the test.
  const code = block!.replace("await serve(app, { port: 8000 });", "export const served = await serve(app, { port: 0 });");
  expect(code).not.toBe(block);
  const dir = mkdtempSync(join(root, "test", ".readme-"));
  try {
    const file = join(dir, "first.tsx");
    writeFileSync(file, code);
    const { served } = (await import(/* @vite-ignore */ pathToFileURL(file).href)) as { served: { url: string; close(): Promise<void> } };
    try {
      const page = await loadPage(served.url + "/counter");
      expect(page.html).toContain("<h1>Count: 0</h1>");
      const sock = await TestSocket.open(served.url);
      await sock.join(1, page.token);
      expect(await sock.event(1, "increment")).toEqual(["r", 1, 1, 1, [[1, [0, 0, 0], "Count: 1"]]]);
      sock.close();
    } finally {
      await served.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
