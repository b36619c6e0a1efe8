#!/usr/bin/env python3
"""Imports custom-auth identities and permissions from two CSV files through the admin API.

Standard library only. Re-runnable: an entry that already exists (409) is updated instead (PUT) when it differs,
so running the import again after editing the files brings the broker in line with them. (An identity is left alone
when its secret and sign mode are unchanged: updating an identity closes the connections it let in.) Stops at the
first other error (for example Customauth.over.capacity) and says which line caused it.

  ADMIN=http://127.0.0.1:8080 OWNER_ID=... OWNER_SECRET=... python3 custom_auth_import.py users.csv acls.csv

users.csv: username,identityType,clientId,secret,signMode   (clientId empty for USER identities)
acls.csv:  identityType,identity,topic,permitAction,effect
"""
import base64
import csv
import json
import os
import sys
import urllib.error
import urllib.parse
import urllib.request

ADMIN = os.environ.get("ADMIN", "http://127.0.0.1:8080").rstrip("/")
AUTH = "Basic " + base64.b64encode(
    (os.environ["OWNER_ID"] + ":" + os.environ["OWNER_SECRET"]).encode()).decode()


def call(method, path, body):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(ADMIN + path, method=method, data=data,
                                     headers={"Authorization": AUTH, "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=15) as answer:
            return answer.status, json.loads(answer.read() or b"{}")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")


def upsert(path, body, what, unchanged=lambda body: False):
    status, answer = call("POST", path, body)
    if status == 409:
        if unchanged(body):
            print(f"unchanged {what}")
            return
        status, answer = call("PUT", path, body)
    if status not in (200, 201):
        sys.exit(f"{what}: HTTP {status} {answer.get('code')}: {answer.get('message')}")
    print(f"{'added' if status == 201 else 'updated'} {what}")


def identity_unchanged(body):
    query = {"username": body["username"], "identityType": body["identityType"]}
    if "clientId" in body:
        query["clientId"] = body["clientId"]
    status, answer = call("GET", "/api/v1/custom-auth/identities?" + urllib.parse.urlencode(query), None)
    found = answer.get("results", []) if status == 200 else []
    return any(i["secret"] == body["secret"] and i["signMode"] == body["signMode"].upper() for i in found)


def main(users_file, acls_file):
    with open(users_file, newline="") as f:
        for line, row in enumerate(csv.DictReader(f), start=2):
            body = {k: row[k] for k in ("username", "identityType", "secret", "signMode")}
            if row.get("clientId"):
                body["clientId"] = row["clientId"]
            upsert("/api/v1/custom-auth/identities", body,
                   f"{users_file}:{line} {row['identityType']} {row['username']} {row.get('clientId', '')}".rstrip(),
                   identity_unchanged)
    with open(acls_file, newline="") as f:
        for line, row in enumerate(csv.DictReader(f), start=2):
            body = {k: row[k] for k in ("identityType", "identity", "topic", "permitAction", "effect")}
            upsert("/api/v1/custom-auth/permissions", body,
                   f"{acls_file}:{line} {row['identityType']} {row['identity']} {row['topic']}")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: custom_auth_import.py users.csv acls.csv")
    main(sys.argv[1], sys.argv[2])
