from django.apps import AppConfig


class DossiersConfig(AppConfig):
    name = "jixiao.web.dossiers"
    label = "dossiers"
    verbose_name = "自评档案"
