"""What every process needs: settings, database and Redis set-up, WeChat API clients."""
