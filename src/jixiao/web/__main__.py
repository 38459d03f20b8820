"""``python -m jixiao.web <command>``: Django's manage.py for the jixiao web application."""

from jixiao.web.manage import main

if __name__ == "__main__":
    main()
