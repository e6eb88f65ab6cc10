import { App } from "./ui/app";

export function start(): App {
  return new App();
}
