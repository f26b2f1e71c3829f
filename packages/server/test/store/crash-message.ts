/** The message the crash child sends for a marker, as the buffers SMTP would hand over. */
export function crashMessage(marker: string): Buffer[] {
  return [
    Buffer.from(`Received: from test\r\nSubject: ${marker}\r\n\r\n`, 'latin1'),
    Buffer.from(`${marker}\r\n${'payload \x00\xff\r line\n'.repeat(300)}`, 'latin1'),
  ];
}
