import { execSync } from "node:child_process";
import type { Request, Response } from "express";

export const DEFAULT_TIMEOUT_MS = 5_000;
const RETRY_LIMIT = 3;
let requestCount = 0;

export interface User {
  id: number;
  name: string;
  meta: Record<string, any>;
}

export class UserService {
  private cache = new Map<number, User>();

  async find(id: number): Promise<User | undefined> {
    requestCount++;
    for (let attempt = 0; attempt < RETRY_LIMIT; attempt++) {
      try {
        const res = await fetch(`/users/${id}`);
        return (await res.json()) as User;
      } catch (err: unknown) {
        if (attempt === RETRY_LIMIT - 1) throw err;
      }
    }
    return undefined;
  }

  remove(id: number): boolean {
    throw new Error("not implemented");
  }

  archive(user: User): string {
    return execSync(`tar czf /tmp/${user.name}.tgz /data/${user.id}`).toString();
  }
}

export function render(user: User, root: HTMLElement): void {
  root.innerHTML = "<h1>" + user.name + "</h1>";
}

export function handler(req: Request, res: Response): void {
  const service = new UserService();
  service
    .find(Number(req.params.id))
    .then((u) => res.json(u))
    .catch((e) => res.status(500).send(String(e)));
}

export function audit(user: User): string {
  // ananke:hole build an audit line for the user
  return "";
}
