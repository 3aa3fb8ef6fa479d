# UDP capitalize server, first written for the ESP32 board
import network
import socket
import sys

wlan = network.WLAN(network.STA_IF)
wlan.active(True)

port = int(sys.argv[1])
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(('0.0.0.0', port))
while True:
    data, addr = s.recvfrom(1024)
    s.sendto(data.upper(), addr)
