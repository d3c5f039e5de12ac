/**
 * Listeners that exist only while takeover is on. A listener the background keeps makes the
 * browser wake it for every such event (webRequest: every navigation), and a listener on Chrome's
 * onDeterminingFilename changes how WebBITS's own saves are named (browser-takeover.ts). So they
 * are added synchronously at every start, as wake-up events require, and removed again as soon
 * as the settings say takeover is off: with it off the browser no longer wakes WebBITS for them.
 */
export interface Switchable {
  add(): void;
  remove(): void;
}

export function switchableListeners(listeners: readonly Switchable[]): { set(on: boolean): void } {
  let on = false;
  return {
    set(next) {
      if (next === on) return;
      on = next;
      for (const listener of listeners) {
        if (next) listener.add();
        else listener.remove();
      }
    },
  };
}
