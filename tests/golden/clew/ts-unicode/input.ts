/** Grüße aus Köln – ünïcödé doc. */
export function grüßen(名前: string, émoji: "🎉" | "✨"): string {
  return "héllo " + 名前;
}

/** Invalid bytes: �� here. */
export interface Données {
  /** Prénom � truncated. */
  prénom: string;
  "clé-�": number;
  天気: "晴れ" | "雨";
}

export enum Couleur { Rouge = "rouge", Vert = "vért�" }
import { ƒ as φ } from "./модуль";
