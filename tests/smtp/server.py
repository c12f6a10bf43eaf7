"""A loopback SMTP server for kbgen's delivery test (aiosmtpd).

Usage: python3 tests/smtp/server.py PORT DIR
Accepts mail for any recipient except addresses containing "reject" (550), stores each message
as DIR/<n>-<recipient>.eml, prints "ready" and runs until its standard input closes.
"""
import os
import sys

from aiosmtpd.controller import Controller


class Handler:
    def __init__(self, directory):
        self.directory = directory
        self.count = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if "reject" in address:
            return "550 5.1.1 <%s>: mailbox unavailable" % address
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        name = "%04d-%s.eml" % (self.count, envelope.rcpt_tos[0])
        with open(os.path.join(self.directory, name), "wb") as f:
            f.write(envelope.original_content or envelope.content)
        return "250 Message accepted for delivery"


def main():
    port, directory = int(sys.argv[1]), sys.argv[2]
    controller = Controller(Handler(directory), hostname="127.0.0.1", port=port)
    controller.start()
    print("ready", flush=True)
    try:
        sys.stdin.read()
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
