import "./styles.css";
import { byId } from "./dom";
import { installGlobalErrorHandlers, showError } from "./banner";
import { api } from "./ipc";
import { startRouter, type Screen } from "./router";
import { placeholderScreen } from "./screens/placeholder";
import { renderStart } from "./screens/start";
import { renderOversikt } from "./screens/oversikt";

// The screens, in navigation order. Placeholders say so on screen until their core API lands.
const screens: Screen[] = [
  { path: "start", label: "Start", render: () => renderStart() },
  {
    path: "upphandling",
    label: "Upphandling",
    render: () => placeholderScreen("Upphandling", "Uppgifter och datum, anbudsområden, zoner och prismatris, kravkatalogen."),
  },
  {
    path: "importera",
    label: "Importera anbud",
    render: () => placeholderScreen("Importera anbud", "Välj eller släpp anbudsfiler (Excel). Varje fil visar resultatet: importerad, ersatt eller avvisad."),
  },
  { path: "oversikt", label: "Översikt", render: (p) => renderOversikt(p) },
  {
    path: "leverantor",
    label: "Leverantör",
    render: () => placeholderScreen("Leverantör", "Varje krav med svar, underlag, föreslaget utfall och skäl; överprövning med motivering; historik."),
  },
  {
    path: "beslut",
    label: "Beslut",
    render: () => placeholderScreen("Beslut", "Kvalificeringsbeslut: spärras tills alla granskningar är klara; export av beslutsprotokoll och underrättelser."),
  },
];

installGlobalErrorHandlers();
startRouter(screens);

// The skip link moves focus to the content without touching the route in the hash.
document.querySelector(".skip-link")?.addEventListener("click", (event) => {
  event.preventDefault();
  byId("innehall").focus();
});

api
  .appInfo()
  .then((info) => {
    byId("app-footer").textContent = `${info.name} ${info.version}`;
    if (info.database) byId("app-context").textContent = info.database;
  })
  .catch(showError);
