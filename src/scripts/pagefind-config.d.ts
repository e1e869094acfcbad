/** Starlight's Vite virtual module with the `pagefind` options from astro.config (ranking and so on). */
declare module 'virtual:starlight/pagefind-config' {
  export const pagefindUserConfig: Record<string, unknown>;
}
