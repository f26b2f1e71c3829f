#!/bin/sh
# The demo app of docker-compose.yml: on start it sends a welcome mail through sendmail, the way
# PHP's mail() or cron would. MAILSINK_SMTP (set in docker-compose.yml) says where mailsink is.
set -eu
mailsink sendmail -t <<MAIL
From: Demo App <app@example.test>
To: New User <user@example.test>
Subject: Welcome to the demo app
Date: $(date -R)
Message-ID: <$(date +%s).$$@app.example.test>
Content-Type: text/plain; charset=utf-8

Hello! The "app" service of docker-compose.yml sent this through mailsink sendmail.
Read it at http://localhost:8025/ or with: curl http://localhost:8025/api/v1/messages
MAIL
echo "app: welcome mail handed to mailsink at ${MAILSINK_SMTP:-127.0.0.1:1025}"
