"""Drives Verdict's Judge0-compatible API with the official Judge0 Python SDK (test/judge0-sdk.e2e-spec.ts).

Usage: python judge0_sdk_scenarios.py BASE_URL   (e.g. http://127.0.0.1:41234/judge0)
Prints one JSON object: each scenario's name -> the SDK's Submission objects, as plain fields.
Every call goes through the SDK (judge0.run / judge0.execute / async_run + wait, a judge0.Client
pointed at BASE_URL); only wait=true, which the SDK never sends, is posted through the client's own
HTTP session and parsed with the SDK's Submission.set_attributes.
"""

import json
import sys

import judge0

A_PLUS_B = {
    71: "a, b = map(int, input().split())\nprint(a + b)\n",
    50: "#include <stdio.h>\nint main(void) { long a, b; scanf(\"%ld %ld\", &a, &b); printf(\"%ld\\n\", a + b); return 0; }\n",
    54: "#include <iostream>\nint main() { long a, b; std::cin >> a >> b; std::cout << a + b << std::endl; }\n",
    62: "import java.util.Scanner;\npublic class Main { public static void main(String[] args) {"
    " Scanner s = new Scanner(System.in); long a = s.nextLong(), b = s.nextLong(); System.out.println(a + b); } }\n",
    63: "const [a, b] = require('fs').readFileSync(0, 'utf8').trim().split(/\\s+/).map(Number);\nconsole.log(a + b);\n",
}


def fields(submission):
    """The Submission's attributes the test asserts, JSON-ready."""
    return {
        "token": None if submission.token is None else str(submission.token),
        "status": None if submission.status is None else int(submission.status),
        "status_name": None if submission.status is None else str(submission.status),
        "stdout": submission.stdout,
        "stderr": submission.stderr,
        "compile_output": submission.compile_output,
        "message": submission.message,
        "exit_code": submission.exit_code,
        "exit_signal": submission.exit_signal,
        "time": submission.time,
        "wall_time": submission.wall_time,
        "memory": submission.memory,
        "created_at": None if submission.created_at is None else submission.created_at.isoformat(),
        "finished_at": None if submission.finished_at is None else submission.finished_at.isoformat(),
        "language": int(submission.language),
        "stdin": submission.stdin,
        "expected_output": submission.expected_output,
        "source_code": submission.source_code if isinstance(submission.source_code, str) else None,
        "cpu_time_limit": submission.cpu_time_limit,
        "memory_limit": submission.memory_limit,
        "is_done": submission.is_done(),
    }


def main():
    base_url = sys.argv[1]
    client = judge0.Client(endpoint=base_url)
    out = {
        "version": client.version,
        "languages": sorted(language.id for language in client.languages),
        "config": {
            "max_submission_batch_size": client.config.max_submission_batch_size,
            "enable_wait_result": client.config.enable_wait_result,
            "cpu_time_limit": client.config.cpu_time_limit,
            "memory_limit": client.config.memory_limit,
        },
        "statuses": client.get_statuses(),
        "about": client.get_about(),
        "language_71": client.get_language(71).model_dump(),
    }

    # Accepted in each language, judge0.run (waits by polling).
    accepted = {}
    for language_id, source in A_PLUS_B.items():
        result = judge0.run(client=client, source_code=source, language=language_id, stdin="1 2\n", expected_output="3\n")
        accepted[str(language_id)] = fields(result)
    out["accepted"] = accepted

    # A language alias, resolved through /about's version.
    out["alias_python"] = fields(
        judge0.run(client=client, source_code=A_PLUS_B[71], language=judge0.PYTHON, stdin="20 22\n", expected_output="42\n")
    )

    out["wrong_answer"] = fields(
        judge0.run(client=client, source_code="a, b = map(int, input().split())\nprint(a - b)\n", language=71, stdin="1 2\n", expected_output="3\n")
    )
    out["compile_error"] = fields(
        judge0.run(client=client, source_code="int main(void) { return 0 }\n", language=50)
    )
    out["time_limit"] = fields(
        judge0.run(client=client, source_code="while True:\n    pass\n", language=71, cpu_time_limit=0.5)
    )
    out["runtime_error"] = fields(
        judge0.run(client=client, source_code="import sys\nprint('bye')\nsys.exit(3)\n", language=71)
    )

    # A batch: several test cases of one program (judge0.execute creates them with POST /submissions/batch
    # and polls GET /submissions/batch).
    batch = judge0.execute(
        client=client,
        source_code=A_PLUS_B[54],
        language=54,
        test_cases=[("1 2\n", "3\n"), ("20 22\n", "42\n"), ("5 5\n", "11\n")],
    )
    out["batch"] = [fields(s) for s in batch]

    # wait=false, then polling: async_run returns at once with a token, judge0.wait polls it.
    created = judge0.async_run(client=client, source_code=A_PLUS_B[63], language=63, stdin="2 3\n", expected_output="5\n")
    out["async_created"] = fields(created)
    out["async_done"] = fields(judge0.wait(client=client, submissions=created))

    # wait=true: one request answers with the result.
    submission = judge0.Submission(source_code=A_PLUS_B[71], language=71, stdin="4 5\n", expected_output="9\n")
    response = client.client.post(
        "/submissions",
        params={"base64_encoded": "true", "wait": "true"},
        json=submission.as_body(client),
        headers=client.headers,
    )
    response.raise_for_status()
    submission.set_attributes(response.json())
    out["wait_true"] = fields(submission)
    out["wait_true_keys"] = sorted(response.json().keys())
    out["wait_true_status_code"] = response.status_code

    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
