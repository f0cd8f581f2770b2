/*
 * The chat widget: Rasa's socketio channel, rendered with DOM nodes (never innerHTML, so a reply cannot
 * inject markup). The session id and the transcript live in localStorage: a reload shows the history and
 * carries on the same conversation, as the server keeps the session (session_persistence: true).
 */
(function () {
  "use strict";

  var config = window.ASSISTANT_CONFIG || {};
  var socketUrl = config.socketUrl || window.location.protocol + "//" + window.location.hostname + ":5005";
  var SESSION_KEY = "apprentice-chat-session";
  var HISTORY_KEY = "apprentice-chat-history";
  var HISTORY_LIMIT = 200;
  var TYPING_TIMEOUT_MS = 30000;
  var URL_PATTERN = /https?:\/\/[^\s<>"']*[^\s<>"'.,;:!?)\]]/g;
  // Each starter names its standard, so it means the same whatever was said before.
  var EXAMPLES = [
    "What does the science manufacturing technician apprenticeship involve?",
    "What entry requirements apply to the laboratory technician apprenticeship?",
    "What does K42 cover in ST1406?",
    "Which French BTS matches a laboratory technician?",
    "Quiz me on ST1406"
  ];

  var log = document.getElementById("chat-log");
  var form = document.getElementById("chat-form");
  var input = document.getElementById("chat-input");
  var status = document.getElementById("chat-status");
  var typing = document.getElementById("chat-typing");
  var restart = document.getElementById("chat-restart");
  var typingTimer = null;

  function loadHistory() {
    try { return JSON.parse(localStorage.getItem(HISTORY_KEY)) || []; } catch (e) { return []; }
  }
  var history = loadHistory();

  function saveHistory() {
    history = history.slice(-HISTORY_LIMIT);
    try { localStorage.setItem(HISTORY_KEY, JSON.stringify(history)); } catch (e) { /* storage full or off */ }
  }

  function appendText(parent, text) {
    var last = 0;
    String(text).replace(URL_PATTERN, function (url, offset) {
      parent.appendChild(document.createTextNode(text.slice(last, offset)));
      var link = document.createElement("a");
      link.href = url;
      link.textContent = url;
      link.target = "_blank";
      link.rel = "noopener noreferrer";
      parent.appendChild(link);
      last = offset + url.length;
      return url;
    });
    parent.appendChild(document.createTextNode(String(text).slice(last)));
  }

  function disableOlderChoices() {
    var groups = log.querySelectorAll(".choices");
    for (var i = 0; i < groups.length; i++) {
      var buttons = groups[i].querySelectorAll("button");
      for (var j = 0; j < buttons.length; j++) { buttons[j].disabled = true; }
    }
  }

  function render(entry) {
    var item = document.createElement("li");
    item.className = "message message--" + entry.from;
    var who = document.createElement("span");
    who.className = "visually-hidden";
    who.textContent = entry.from === "user" ? "You said: " : "Assistant: ";
    item.appendChild(who);
    appendText(item, entry.text || "");
    if (entry.buttons && entry.buttons.length) {
      disableOlderChoices();
      var group = document.createElement("div");
      group.className = "choices";
      group.setAttribute("role", "group");
      group.setAttribute("aria-label", "Choices");
      entry.buttons.forEach(function (choice) {
        var button = document.createElement("button");
        button.type = "button";
        button.textContent = choice.title;
        button.addEventListener("click", function () { send(choice.payload, choice.title); });
        group.appendChild(button);
      });
      item.appendChild(group);
    }
    log.appendChild(item);
    log.scrollTop = log.scrollHeight;
  }

  function record(entry) {
    history.push(entry);
    saveHistory();
    render(entry);
  }

  function setTyping(on) {
    typing.hidden = !on;
    clearTimeout(typingTimer);
    if (on) { typingTimer = setTimeout(function () { typing.hidden = true; }, TYPING_TIMEOUT_MS); }
  }

  function welcome() {
    render({
      from: "bot",
      text: "Hello! I answer questions about English apprenticeship standards (duties, KSBs, entry requirements, " +
        "funding), find French equivalents (ONISEP jobs and BTS courses) and quiz you on your standard's KSBs. Try:",
      buttons: EXAMPLES.map(function (question) { return { title: question, payload: question }; })
    });
  }

  var socket = io(socketUrl, { path: "/socket.io", transports: ["websocket"], reconnectionDelayMax: 5000 });

  function sessionId() { return localStorage.getItem(SESSION_KEY); }

  var waiting = [];  // messages sent before the server confirmed a session (Rasa drops those without one)

  function send(message, shown) {
    if (!message) { return; }
    disableOlderChoices();
    record({ from: "user", text: shown || message });
    if (sessionId()) {
      socket.emit("user_uttered", { message: message, session_id: sessionId() });
    } else {
      waiting.push(message);
    }
    setTyping(true);
  }

  socket.on("connect", function () {
    status.textContent = "Connected";
    socket.emit("session_request", { session_id: sessionId() });
  });
  socket.on("session_confirm", function (id) {
    var known = sessionId();
    if (known && known !== id) { history = []; saveHistory(); log.textContent = ""; }  // the server started anew
    localStorage.setItem(SESSION_KEY, id);
    document.getElementById("chat-send").disabled = false;
    waiting.splice(0).forEach(function (message) { socket.emit("user_uttered", { message: message, session_id: id }); });
  });
  socket.on("disconnect", function () { status.textContent = "Offline: reconnecting…"; });
  socket.on("connect_error", function () { status.textContent = "Cannot reach the assistant: retrying…"; });
  socket.on("bot_uttered", function (message) {
    setTyping(false);
    if (message.custom && message.custom.forget_transcript) { forgetTranscript(); return; }
    var buttons = (message.quick_replies || message.buttons || []).map(function (b) {
      return { title: b.title, payload: b.payload };
    });
    if (message.text || buttons.length) { record({ from: "bot", text: message.text || "", buttons: buttons }); }
  });

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = input.value.trim();
    if (!text) { return; }
    input.value = "";
    send(text);
  });

  // "forget me" confirmed: the server dropped the conversation, so the page drops its copy and its session id,
  // keeping on screen only the reply that says so (not stored).
  function forgetTranscript() {
    var said = history.length ? history[history.length - 1] : null;
    localStorage.removeItem(SESSION_KEY);
    localStorage.removeItem(HISTORY_KEY);
    history = [];
    log.textContent = "";
    if (said && said.from === "bot") { render(said); }
    socket.emit("session_request", { session_id: null });
  }

  restart.addEventListener("click", function () {
    localStorage.removeItem(SESSION_KEY);
    history = [];
    saveHistory();
    log.textContent = "";
    welcome();
    socket.emit("session_request", { session_id: null });
    input.focus();
  });

  welcome();
  history.forEach(render);
  var last = history[history.length - 1];
  if (last && !(last.from === "bot" && last.buttons && last.buttons.length)) { disableOlderChoices(); }  // answered already
  input.focus();
}());
