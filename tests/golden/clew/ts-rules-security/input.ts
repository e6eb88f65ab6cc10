import { exec, execSync as run } from "child_process";
import * as cp from "node:child_process";
const proc = require("child_process");
const { exec: shell } = require("node:child_process");

export function findings(user: string, el: HTMLElement, code: string): void {
  eval(code);
  globalThis.eval(code);
  const f = new Function("a", code);
  Function("return 1")();
  el.innerHTML = user;
  el.outerHTML += `<b>${user}</b>`;
  exec(`ls ${user}`);
  run("ls " + user);
  cp.exec(`cat ${user}`);
  proc.execSync(("rm " + user));
  shell(`echo ${user}`);
  require("child_process").exec("grep " + user);
  const loose: any = user;
  const cast = (user as any).length;
  // @ts-ignore
  el.foo = 1;
  /* @ts-ignore */
  el.bar = 2;
}

export function lookAlikes(user: string, el: HTMLElement, re: RegExp): void {
  const s = "eval(code) and new Function(x) and el.innerHTML = y";
  const t = `exec(${"ls"}) any`;
  // eval(code); el.innerHTML = user; exec(`ls ${user}`)
  /* new Function("x") : any */
  const text = el.innerHTML;
  el.textContent = user;
  re.exec("a" + user);
  exec("ls -la");
  exec(`ls`);
  cp.exec("ls", { cwd: user });
  const company = "anything";
  const n: unknown = 1;
  // a comment mentioning @ts-ignore later in the line is not a directive
  // @ts-expect-error is not in the catalog
  el.baz = 3;
  obj.eval(code);
}
// @ts-nocheck
