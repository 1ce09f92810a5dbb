// The playground page. Talks to the extension only through the typed protocol.
const root = document.getElementById("app");
if (root) root.textContent = "Loss Lens playground";
