"""A catch-all SMTP server for the demo: every e-mail Odoo sends is kept as a file.

Usage: python mail_sink.py DIRECTORY [PORT]   (listens on 127.0.0.1, default port 2525)

The demo runs Odoo with ``--smtp=127.0.0.1 --smtp-port=PORT`` (scripts/demo.sh): the
e-mails of the demo (purchase orders sent to sellers, portal invitations, notifications)
leave Odoo as they would in production and land in DIRECTORY as ``.eml`` files, one line
each in DIRECTORY/index.log (time, sender, recipients, subject), instead of failing with
"Connection refused". Nothing is relayed anywhere. A county configures its real outgoing
server as README.md ("Outgoing mail") says.
"""

import asyncio
import email
import email.policy
import sys
import time
from pathlib import Path


class Sink:
    def __init__(self, directory):
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)
        self.count = 0

    def keep(self, sender, recipients, data):
        self.count += 1
        stamp = time.strftime("%Y%m%d-%H%M%S")
        path = self.directory / f"{stamp}-{self.count:04d}.eml"
        path.write_bytes(data)
        subject = email.message_from_bytes(data, policy=email.policy.default).get("Subject", "")
        with open(self.directory / "index.log", "a", encoding="utf-8") as index:
            index.write(f"{stamp}\t{sender}\t{', '.join(recipients)}\t{subject}\t{path.name}\n")

    async def session(self, reader, writer):
        def reply(line):
            writer.write(line.encode() + b"\r\n")

        reply("220 xiushan-demo mail sink")
        sender, recipients = "", []
        try:
            while line := await reader.readline():
                command = line.decode("utf-8", "replace").strip()
                verb = command[:4].upper()
                if verb in ("EHLO", "HELO"):
                    reply("250-xiushan-demo" if verb == "EHLO" else "250 xiushan-demo")
                    if verb == "EHLO":
                        reply("250-8BITMIME")
                        reply("250 SMTPUTF8")
                elif verb == "MAIL":
                    sender, recipients = command.split(":", 1)[1].split()[0].strip("<>"), []
                    reply("250 OK")
                elif verb == "RCPT":
                    recipients.append(command.split(":", 1)[1].split()[0].strip("<>"))
                    reply("250 OK")
                elif verb == "DATA":
                    reply("354 End data with <CR><LF>.<CR><LF>")
                    await writer.drain()
                    lines = []
                    while (chunk := await reader.readline()) not in (b".\r\n", b".\n", b""):
                        lines.append(chunk[1:] if chunk.startswith(b"..") else chunk)
                    self.keep(sender, recipients, b"".join(lines))
                    reply("250 OK: kept")
                elif verb == "QUIT":
                    reply("221 Bye")
                    await writer.drain()
                    break
                else:  # RSET, NOOP, anything else
                    reply("250 OK")
                await writer.drain()
        finally:
            writer.close()


async def main():
    directory = sys.argv[1]
    port = int(sys.argv[2]) if len(sys.argv) > 2 else 2525
    server = await asyncio.start_server(Sink(directory).session, "127.0.0.1", port)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    asyncio.run(main())
