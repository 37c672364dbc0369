"""A real IMAP server for the mail tests: Debian's Dovecot on loopback, on a free port, with its
own configuration in a temporary folder (no system service), TLS with a throw-away certificate,
any user name with the password below, one Maildir per user."""

import imaplib
import os
import pwd
import shutil
import socket
import ssl
import subprocess
from pathlib import Path

from webforms.mail_intake import ImapSettings

PASSWORD = "geheim-imap"
INSTALL_HINT = (
    "The mail tests need Debian's Dovecot IMAP server: run `apt-get install -y dovecot-imapd` "
    "(as root; .ci/run and `make test` do this)."
)
CONFIG = """
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = required
ssl_cert = <{root}/cert.pem
ssl_key = <{root}/key.pem
auth_mechanisms = plain login
default_login_user = {login_user}
default_internal_user = {internal_user}
first_valid_uid = 1
mail_location = maildir:{root}/home/%u/Maildir
passdb {{
  driver = static
  args = password={password}
}}
userdb {{
  driver = static
  args = uid={mail_user} gid={mail_group} home={root}/home/%u
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    port = 0
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {port}
  }}
}}
service anvil {{
  chroot =
}}
"""


def dovecot_binary() -> str:
    found = shutil.which("dovecot") or next(
        (p for p in ("/usr/sbin/dovecot", "/sbin/dovecot") if os.path.exists(p)), None
    )
    if found is None:
        raise RuntimeError(INSTALL_HINT)
    return found


class Dovecot:
    def __init__(self, root: Path):
        self.root = root
        self.port = _free_port()
        self.ca_file = str(root / "cert.pem")
        self.binary = dovecot_binary()

    def start(self) -> "Dovecot":
        (self.root / "run").mkdir()
        (self.root / "state").mkdir()
        (self.root / "home").mkdir()
        _certificate(self.root)
        if os.geteuid() == 0:  # Dovecot never gives mail access as root; use its own users
            login_user, internal_user, mail_user = "dovenull", "dovecot", "dovecot"
            os.chown(self.root / "home", pwd.getpwnam(mail_user).pw_uid, pwd.getpwnam(mail_user).pw_gid)
        else:
            login_user = internal_user = mail_user = pwd.getpwuid(os.geteuid()).pw_name
        config = self.root / "dovecot.conf"
        config.write_text(
            CONFIG.format(
                root=self.root,
                port=self.port,
                password=PASSWORD,
                login_user=login_user,
                internal_user=internal_user,
                mail_user=mail_user,
                mail_group=mail_user,
            )
        )
        # The master goes to the background; its children must not hold a pipe of ours open.
        with open(self.root / "start.log", "wb") as log:
            subprocess.run([self.binary, "-c", str(config)], check=True, stdout=log, stderr=log)
        self._wait_until_listening()
        return self

    def stop(self) -> None:
        pid_file = self.root / "run" / "master.pid"
        if pid_file.exists():
            os.kill(int(pid_file.read_text().strip()), 15)

    def settings(self, user: str, **changes) -> ImapSettings:
        values = dict(host="127.0.0.1", port=self.port, user=user, password=PASSWORD, folder="INBOX")
        return ImapSettings(**{**values, "tls": "ssl", "ca_file": self.ca_file, **changes})

    def client(self, user: str) -> imaplib.IMAP4_SSL:
        context = ssl.create_default_context(cafile=self.ca_file)
        imap = imaplib.IMAP4_SSL("127.0.0.1", self.port, ssl_context=context, timeout=30)
        imap.login(user, PASSWORD)
        return imap

    def deliver(self, user: str, *messages: bytes, folder: str = "INBOX") -> None:
        imap = self.client(user)
        try:
            imap.create(folder)
            for raw in messages:
                result = imap.append(folder, None, None, raw)
                assert result[0] == "OK", result
        finally:
            imap.logout()

    def flags(self, user: str, folder: str = "INBOX") -> list[str]:
        """The flags of every message in a folder, in UID order."""
        imap = self.client(user)
        try:
            imap.select(folder)
            status, data = imap.uid("FETCH", "1:*", "(FLAGS)")
            return [line.decode() for line in data if isinstance(line, bytes)] if data != [None] else []
        finally:
            imap.logout()

    def _wait_until_listening(self) -> None:
        """The master binds its listeners before it goes to the background: one look suffices."""
        try:
            socket.create_connection(("127.0.0.1", self.port), timeout=5).close()
        except OSError:
            log = self.root / "dovecot.log"
            said = log.read_text() if log.exists() else "(no log)"
            raise RuntimeError(f"Dovecot did not start: {said}") from None


def _certificate(root: Path) -> None:
    if shutil.which("openssl") is None:
        raise RuntimeError("The mail tests need `openssl` to make a certificate: apt-get install openssl")
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "2",
            "-keyout",
            str(root / "key.pem"),
            "-out",
            str(root / "cert.pem"),
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
        ],
        check=True,
        capture_output=True,
    )


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
