import { createContext } from "preact";
import { useContext } from "preact/hooks";
import { en, type MessageKey } from "./en.ts";
import { sv } from "./sv.ts";

export type Lang = "en" | "sv";
const DICTIONARIES: Record<Lang, Record<MessageKey, string>> = { en, sv };
const STORAGE_KEY = "huleedu.lang";

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

export function translator(lang: Lang): Translate {
  const dict = DICTIONARIES[lang];
  return (key, params) => dict[key].replace(/\{(\w+)\}/g, (_, name: string) => String(params?.[name] ?? `{${name}}`));
}

/** The teacher's own choice, if made; otherwise the browser's language. */
export function initialLang(): Lang {
  const chosen = localStorage.getItem(STORAGE_KEY);
  if (chosen === "en" || chosen === "sv") return chosen;
  return navigator.language.toLowerCase().startsWith("sv") ? "sv" : "en";
}

export const hasChosenLang = (): boolean => localStorage.getItem(STORAGE_KEY) !== null;
export const rememberLang = (lang: Lang): void => localStorage.setItem(STORAGE_KEY, lang);

export interface I18n {
  lang: Lang;
  t: Translate;
  setLang(lang: Lang, remember?: boolean): void;
}

export const I18nContext = createContext<I18n>({ lang: "en", t: translator("en"), setLang: () => undefined });
export const useI18n = (): I18n => useContext(I18nContext);
