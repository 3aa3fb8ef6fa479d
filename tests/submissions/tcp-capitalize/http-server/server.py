# Capitalize server: answers with the text in upper case
import sys
from http.server import BaseHTTPRequestHandler, HTTPServer


class Handler(BaseHTTPRequestHandler):
    def do_POST(self):
        length = int(self.headers.get('Content-Length', 0))
        text = self.rfile.read(length).decode()
        self.send_response(200)
        self.end_headers()
        self.wfile.write(text.upper().encode())


HTTPServer(('', int(sys.argv[1])), Handler).serve_forever()
