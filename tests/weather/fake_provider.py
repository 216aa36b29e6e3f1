"""A local stand-in for the Open-Meteo forecast API: a real HTTP server on 127.0.0.1."""

import json
import threading
import time
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse


def forecast(
    *,
    temperature=4.2,
    code=3,
    wind=2.1,
    direction=315,
    humidity=80,
    observed=None,
    offset_seconds=18000,
    days=6,
):
    """A response shaped like Open-Meteo's, times local to a UTC+5 city by default."""
    observed = observed or datetime.now(UTC).replace(second=0, microsecond=0) - timedelta(minutes=10)
    local = observed + timedelta(seconds=offset_seconds)
    first = local.date()
    return {
        "latitude": 41.3,
        "longitude": 69.25,
        "utc_offset_seconds": offset_seconds,
        "timezone": "Asia/Tashkent",
        "current_units": {"temperature_2m": "°C", "wind_speed_10m": "m/s"},
        "current": {
            "time": local.strftime("%Y-%m-%dT%H:%M"),
            "interval": 900,
            "temperature_2m": temperature,
            "relative_humidity_2m": humidity,
            "weather_code": code,
            "wind_speed_10m": wind,
            "wind_direction_10m": direction,
        },
        "daily": {
            "time": [(first + timedelta(days=i)).isoformat() for i in range(days)],
            "weather_code": [3, 61, 0, 71, 2, 45][:days],
            "temperature_2m_max": [6.1, 5.0, 8.4, 1.2, 3.3, 4.0][:days],
            "temperature_2m_min": [-1.2, 0.4, 1.0, -4.5, -2.0, -0.5][:days],
            "precipitation_probability_max": [10, 80, 0, 65, None, 20][:days],
        },
    }


class FakeProvider:
    """Answers by a script: each request takes the next planned answer, the last one repeats.

    An answer is a dict (sent as JSON, 200), a (status, body) pair, or ("hang", seconds).
    """

    def __init__(self):
        self.answers = [forecast()]
        self.requests = []
        self.by_city = {}
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                query = {key: values[0] for key, values in parse_qs(urlparse(self.path).query).items()}
                provider.requests.append(query)
                answer = provider._next(query)
                if isinstance(answer, tuple) and answer[0] == "hang":
                    time.sleep(answer[1])
                    answer = forecast()
                status, body = (200, answer) if isinstance(answer, dict) else answer
                payload = body if isinstance(body, bytes) else json.dumps(body).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up waiting, as it should

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_port}/v1/forecast"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def _next(self, query):
        key = (query.get("latitude"), query.get("longitude"))
        if key in self.by_city:
            return self.by_city[key]
        return self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]

    def plan(self, *answers):
        self.answers = list(answers)
        self.requests.clear()

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
