import socket
import sys
import openpyxl  # log every sentence to a spreadsheet

wb = openpyxl.Workbook()
sheet = wb.active

port = int(sys.argv[1])
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(('', port))
s.listen(5)
while True:
    conn, addr = s.accept()
    while True:
        data = conn.recv(1024)
        if not data:
            break
        sheet.append([data.decode()])
        conn.send(data.upper())
    conn.close()
    wb.save('log.xlsx')
