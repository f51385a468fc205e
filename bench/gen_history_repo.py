#!/usr/bin/env python3
"""Writes a git fast-import stream for a realistic benchmark repository.

The blobs are real source files: the crates in the local cargo registry (what `cargo build` of
this workspace downloaded), added a few at a time over COMMITS commits, while every commit also
edits some files already there (a line inserted, one removed), the way code evolves. Edits go on
until the distinct blobs add up to TARGET_MB, so history is mostly versions of the same files and
git's packs hold them as deltas, as in a real repository.

Planted in history, so that every scanner has something to find: fake credentials of common
shapes (GitHub, AWS, Slack, Stripe, OpenAI, a PEM key), some removed a few commits later, one
only on a side branch, one only under a tag. A tag every 1,000 commits, two side branches.

Deterministic: the same registry gives the same stream (seeded random, sorted inputs).

usage: gen_history_repo.py REGISTRY_SRC COMMITS TARGET_MB > stream
"""

import os
import random
import string
import sys

SEED = 20261201
MAX_FILE = 256 * 1024


def source_files(root):
    """(repository path, bytes) of every text file under root, sorted."""
    out = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        dirnames[:] = [d for d in dirnames if d not in (".git", "target")]
        for name in sorted(filenames):
            if name == ".gitattributes":  # its edits would only make git warn
                continue
            full = os.path.join(dirpath, name)
            try:
                if not os.path.isfile(full) or os.path.islink(full):
                    continue
                size = os.path.getsize(full)
                if size == 0 or size > MAX_FILE:
                    continue
                with open(full, "rb") as f:
                    data = f.read()
            except OSError:
                continue
            if b"\0" in data[:8000]:
                continue
            rel = os.path.relpath(full, root).replace(os.sep, "/")
            out.append(("vendor/" + rel, data))
    return out


def fake(rnd, alphabet, n):
    return "".join(rnd.choice(alphabet) for _ in range(n))


def planted_secrets(rnd):
    """(name, file text) of fake credentials of common shapes."""
    an = string.ascii_letters + string.digits
    hx = "0123456789abcdef"
    up = string.ascii_uppercase + "234567"
    return [
        ("github", f'GITHUB_TOKEN = "ghp_{fake(rnd, an, 36)}"\n'),
        ("aws", f"aws_access_key_id = AKIA{fake(rnd, up, 16)}\n"
                f"aws_secret_access_key = {fake(rnd, an + '/+', 40)}\n"),
        ("slack", f"SLACK_BOT_TOKEN=xoxb-{fake(rnd, string.digits, 12)}-{fake(rnd, string.digits, 13)}-{fake(rnd, an, 24)}\n"),
        ("stripe", f"const stripe = require('stripe')('sk_live_{fake(rnd, an, 24)}');\n"),
        ("openai", f"OPENAI_API_KEY=sk-proj-{fake(rnd, an, 48)}T3BlbkFJ{fake(rnd, an, 48)}\n"),
        ("pem", "-----BEGIN RSA PRIVATE KEY-----\n"
                + "\n".join(fake(rnd, an + "+/", 64) for _ in range(12))
                + "\n-----END RSA PRIVATE KEY-----\n"),
        ("postgres", f"DATABASE_URL=postgres://mosbot:{fake(rnd, an, 20)}@db.internal:5432/mosbot\n"),
        ("telegram", f"TELEGRAM_BOT_TOKEN={fake(rnd, string.digits, 10)}:AA{fake(rnd, an + '_-', 33)}\n"),
    ]


class Stream:
    """A fast-import stream on stdout."""

    def __init__(self):
        self.out = sys.stdout.buffer
        self.mark = 0
        self.time = 1_700_000_000

    def blob(self, data):
        self.mark += 1
        self.out.write(b"blob\nmark :%d\ndata %d\n" % (self.mark, len(data)))
        self.out.write(data)
        self.out.write(b"\n")
        return self.mark

    def commit(self, ref, message, changes, parent=None, merge=None):
        """changes: list of ('M', path, mark) or ('D', path)."""
        self.mark += 1
        self.time += 600
        who = b"Bench <bench@example.invalid> %d +0000" % self.time
        msg = message.encode()
        self.out.write(b"commit %s\nmark :%d\nauthor %s\ncommitter %s\ndata %d\n%s\n"
                       % (ref.encode(), self.mark, who, who, len(msg), msg))
        if parent is not None:
            self.out.write(b"from :%d\n" % parent)
        if merge is not None:
            self.out.write(b"merge :%d\n" % merge)
        for change in changes:
            if change[0] == "M":
                self.out.write(b"M 100644 :%d %s\n" % (change[2], change[1].encode()))
            else:
                self.out.write(b"D %s\n" % change[1].encode())
        self.out.write(b"\n")
        return self.mark

    def tag(self, name, mark):
        self.out.write(b"reset refs/tags/%s\nfrom :%d\n\n" % (name.encode(), mark))


def edit(rnd, data, i):
    """A new version of a file: a line inserted and, sometimes, one removed."""
    lines = data.split(b"\n")
    at = rnd.randrange(len(lines) + 1)
    word = fake(rnd, string.ascii_lowercase, rnd.randrange(4, 10))
    lines.insert(at, b"    // change %d: %s %s" % (i, word.encode(), fake(rnd, string.ascii_lowercase, 6).encode()))
    if len(lines) > 3 and rnd.random() < 0.5:
        del lines[rnd.randrange(len(lines))]
    return b"\n".join(lines)


def main():
    root, commits, target_mb = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    rnd = random.Random(SEED)
    files = source_files(root)
    rnd.shuffle(files)
    target = target_mb * 1024 * 1024
    secrets = planted_secrets(rnd)
    # commit index -> secret to plant; a planted secret is removed 3 commits later, except the
    # ones that stay (in HEAD) every third.
    plant_at = {int(commits * (k + 1) / (len(secrets) + 2)): k for k in range(len(secrets))}
    remove_at = {}
    s = Stream()
    current = {}  # path -> bytes, as in the last commit on main
    present = []  # paths, for picking a file to edit
    written = 0
    per_commit = len(files) / commits
    taken = 0
    head = None
    for i in range(commits):
        changes = []
        upto = int((i + 1) * per_commit)
        while taken < upto:
            path, data = files[taken]
            taken += 1
            changes.append(("M", path, s.blob(data)))
            current[path] = data
            present.append(path)
            written += len(data)
        goal = target * (i + 1) // commits
        edits = 0
        while present and (written < goal or edits == 0):
            path = rnd.choice(present)
            data = edit(rnd, current[path], i)
            current[path] = data
            changes.append(("M", path, s.blob(data)))
            written += len(data)
            edits += 1
        if i in plant_at:
            k = plant_at[i]
            name, text = secrets[k]
            path = f"config/{name}.env" if k % 2 else f"deploy/{name}-settings.txt"
            changes.append(("M", path, s.blob(text.encode())))
            if k % 3 != 2:
                remove_at[i + 3] = path
        if i in remove_at:
            changes.append(("D", remove_at[i]))
        head = s.commit("refs/heads/main", f"commit {i}: {edits} edits", changes, parent=head)
        if (i + 1) % 1000 == 0:
            s.tag(f"v{(i + 1) // 1000}.0", head)
        if i == commits // 3:
            branch_point = head
        if i == commits // 2:
            merge_base = head
    # A side branch with a secret of its own (never merged), and a tagged commit off main.
    an = string.ascii_letters + string.digits
    side = s.blob(f'HF_TOKEN = "hf_{fake(rnd, string.ascii_letters, 34)}"\n'.encode())
    s.commit("refs/heads/feature/side", "side branch", [("M", "side/hf.py", side)], parent=branch_point)
    tagged = s.blob(f"NPM_TOKEN=npm_{fake(rnd, an, 36)}\n".encode())
    s.commit("refs/tags/release-1", "release", [("M", "release/.npmrc", tagged)], parent=merge_base)
    sys.stderr.write(f"{commits} commits, {taken} files added, {written / 1e6:.0f} MB of blobs written\n")


if __name__ == "__main__":
    main()
