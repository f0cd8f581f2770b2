// The socket.io channel's door, as a browser's script would meet it (socket.io-client in Node), against the real
// Rasa server; prints what it saw as JSON for tests/e2e/test_web_socket.py to assert on.
//   node web/tests/socket_checks.mjs <rasa url> <the page's origin>
import { io } from "socket.io-client";

const [rasaUrl, pageOrigin] = process.argv.slice(2);
const TIMEOUT = 60000;
const seen = {};

function connect(origin) {
  return io(rasaUrl, { path: "/socket.io", transports: ["websocket"], reconnection: false, timeout: TIMEOUT,
                       extraHeaders: { Origin: origin } });
}

function once(socket, event) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} within ${TIMEOUT} ms`)), TIMEOUT);
    socket.once(event, (value) => { clearTimeout(timer); resolve(value); });
  });
}

// The bot's messages to one utterance, until `until` says the turn is over.
function replies(socket, sessionId, text, until) {
  return new Promise((resolve, reject) => {
    const got = [];
    const timer = setTimeout(() => { socket.off("bot_uttered", take); resolve(got); }, TIMEOUT);
    function take(message) {
      got.push(message);
      if (until(got)) { clearTimeout(timer); socket.off("bot_uttered", take); resolve(got); }
    }
    socket.on("bot_uttered", take);
    socket.emit("user_uttered", { message: text, session_id: sessionId });
  });
}

async function session(socket, requested) {
  const confirmed = once(socket, "session_confirm");
  socket.emit("session_request", { session_id: requested });
  return confirmed;
}

try {
  const foreign = connect("https://evil.example");
  seen.foreignOrigin = await new Promise((resolve) => {
    foreign.once("connect", () => resolve("connected"));
    foreign.once("connect_error", (error) => resolve(`refused: ${error.message}`));
  });
  foreign.close();

  const socket = connect(pageOrigin);
  await once(socket, "connect");
  seen.chosenId = "chosen-by-the-visitor-0001";
  seen.issuedForChosen = await session(socket, seen.chosenId);
  const again = connect(pageOrigin);
  await once(again, "connect");
  seen.issuedForGenuine = await session(again, seen.issuedForChosen);
  again.close();

  seen.unsignedReply = await replies(socket, seen.chosenId, "what does K42 cover in ST1406?", (got) => got.length >= 1);
  seen.answer = await replies(socket, seen.issuedForChosen, "what does K42 cover in ST1406?", (got) => got.length >= 1);
  seen.ask = await replies(socket, seen.issuedForChosen, "forget me", (got) => got.length >= 1);
  seen.forget = await replies(socket, seen.issuedForChosen, "/affirm", (got) => got.some((m) => m.custom));
  socket.close();
} catch (error) {
  seen.failure = String(error && error.stack || error);
}
console.log(JSON.stringify(seen));
process.exit(0);
