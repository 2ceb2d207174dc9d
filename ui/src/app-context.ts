// The header line that says which procurement is open, refreshed after every open/create.
// (A start-up error is shown by the start screen, which the app opens on.)

import { byId } from "./dom";
import { api } from "./ipc";
import { showError } from "./banner";
import type { AppInfo } from "./bindings/AppInfo";

export async function refreshContext(): Promise<AppInfo | null> {
  try {
    const info = await api.appInfo();
    const ctx = byId("app-context");
    if (info.review) ctx.textContent = `Granskning: ${info.review.reviewer} · dnr ${info.review.procurement_id}`;
    else if (info.procurement) ctx.textContent = `${info.procurement.name} · dnr ${info.procurement.id}`;
    else if (info.database) ctx.textContent = `${info.database} (ingen upphandling vald)`;
    else ctx.textContent = "Ingen upphandling öppen";
    byId("app-footer").textContent = `${info.name} ${info.version}${info.database ? " · " + info.database : ""}`;
    return info;
  } catch (e) {
    showError(e);
    return null;
  }
}
