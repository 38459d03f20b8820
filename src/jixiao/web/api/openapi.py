"""The OpenAPI 3.1 description of the JSON API, served at /api/openapi.json."""

from __future__ import annotations

from typing import Any

from jixiao.model.serialize import json_schema


def _error() -> dict[str, Any]:
    return {
        "description": "错误",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }


def _json(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


_ID = {"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}
_YEAR = {"name": "year", "in": "query", "schema": {"type": "integer"}, "description": "年度"}
_DECIMAL = {"type": ["string", "null"], "description": "十进制数字符串（精确，不经浮点）"}


_RANGE = {
    "type": ["array", "null"],
    "items": {"type": "string"},
    "minItems": 2,
    "maxItems": 2,
    "description": "规则给出的得分区间 [下限, 上限]（须由人评定时）",
}


def _scores_schema() -> dict[str, Any]:
    settled = {
        "type": ["object", "null"],
        "description": "复核得分；current 为 false 时指标内容已修改，该得分不再计入",
        "properties": {
            "score": _DECIMAL,
            "kind": {"enum": ["range", "override"], "description": "range 区间内评定 / override 改定"},
            "reason": {"type": "string"},
            "by": {"type": "string"},
            "at": {"type": "string", "format": "date-time"},
            "current": {"type": "boolean"},
        },
    }
    row = {
        "type": "object",
        "properties": {
            "path": {"type": ["string", "null"], "examples": ["evaluations.2.indicators.5"]},
            "level1": {"type": "string"},
            "name": {"type": "string"},
            "weight": _DECIMAL,
            "declared": _DECIMAL,
            "computed": _DECIMAL,
            "computed_range": _RANGE,
            "settled": settled,
        },
    }
    table = {
        "type": "object",
        "properties": {
            "kind": {"type": "string"},
            "name": {"type": "string"},
            "declared_total": _DECIMAL,
            "computed_total": _DECIMAL,
            "computed_range": _RANGE,
            "settled_total": {**_DECIMAL, "description": "全部区间均已复核（或改定）后的总分"},
            "rows": {"type": "array", "items": row},
        },
    }
    return {
        "type": "object",
        "properties": {
            "id": {"type": "integer"},
            "version": {"type": "integer"},
            "tables": {"type": "array", "items": table},
        },
        "required": ["id", "version", "tables"],
    }


def openapi_document() -> dict[str, Any]:
    summary = {
        "type": "object",
        "properties": {
            "id": {"type": "integer"},
            "year": {"type": "integer"},
            "unit": {"type": "string"},
            "department": {"type": "string"},
            "kind": {"enum": ["overall", "fund"]},
            "fund": {"type": "string"},
            "state": {
                "enum": [
                    "draft",
                    "submitted",
                    "dept_review",
                    "bureau_review",
                    "returned",
                    "approved",
                    "published",
                ]
            },
            "state_label": {"type": "string"},
            "version": {"type": "integer"},
            "total": {
                **_DECIMAL,
                "description": "总分：复核后的总分，未复核时为计算总分（须由人评定时为空）",
            },
            "total_range": {"type": ["string", "null"]},
            "declared_total": _DECIMAL,
            "grade": {"type": ["string", "null"]},
            "execution_rate": _DECIMAL,
            "error_count": {"type": "integer"},
            "warning_count": {"type": "integer"},
            "updated_at": {"type": "string", "format": "date-time"},
        },
        "required": ["id", "year", "unit", "state", "version"],
    }
    dossier_schema = json_schema()
    dossier_schema.pop("$schema", None)
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "jixiao 预算绩效自评接口",
            "version": "1",
            "description": "供预算管理一体化系统读取自评档案、评分与审核结果，并修改单元格。"
            "金额单位万元，数字为精确十进制。所有接口只返回令牌所属用户权限范围内的档案。",
        },
        "servers": [{"url": "/api"}],
        "security": [{"token": []}],
        "components": {
            "securitySchemes": {
                "token": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "jixiao-web create_api_token 生成",
                }
            },
            "schemas": {
                "Error": {
                    "type": "object",
                    "properties": {
                        "error": {
                            "type": "object",
                            "properties": {"code": {"type": "string"}, "message": {"type": "string"}},
                            "required": ["code", "message"],
                        }
                    },
                },
                "DossierSummary": summary,
                "Scores": _scores_schema(),
                "Dossier": dossier_schema,
            },
        },
        "paths": {
            "/v1/dossiers/": {
                "get": {
                    "summary": "权限范围内的自评档案列表",
                    "parameters": [_YEAR, {"name": "state", "in": "query", "schema": {"type": "string"}}],
                    "responses": {
                        "200": _json(
                            {
                                "type": "object",
                                "properties": {
                                    "dossiers": {
                                        "type": "array",
                                        "items": {"$ref": "#/components/schemas/DossierSummary"},
                                    }
                                },
                            },
                            "档案列表",
                        ),
                        "401": _error(),
                    },
                }
            },
            "/v1/dossiers/{id}/": {
                "get": {
                    "summary": "一份档案：摘要与完整档案 JSON（jixiao dossier schema）",
                    "parameters": [_ID],
                    "responses": {
                        "200": _json(
                            {
                                "allOf": [
                                    {"$ref": "#/components/schemas/DossierSummary"},
                                    {
                                        "type": "object",
                                        "properties": {"dossier": {"$ref": "#/components/schemas/Dossier"}},
                                    },
                                ]
                            },
                            "档案",
                        ),
                        "401": _error(),
                        "404": _error(),
                    },
                }
            },
            "/v1/dossiers/{id}/score": {
                "get": {
                    "summary": "评分结果（与 jixiao score --format json 相同的格式，见 docs/score-json.md）",
                    "parameters": [_ID],
                    "responses": {"200": _json({"type": "object"}, "评分"), "401": _error(), "404": _error()},
                }
            },
            "/v1/dossiers/{id}/audit": {
                "get": {
                    "summary": "审核发现（与 jixiao audit --format json 相同的格式，见 docs/audit-json.md）",
                    "parameters": [_ID],
                    "responses": {"200": _json({"type": "object"}, "审核"), "401": _error(), "404": _error()},
                }
            },
            "/v1/dossiers/{id}/scores": {
                "get": {
                    "summary": "每张表、每一行的填报得分、计算得分（或规则给出的区间）与复核得分（复核人、时间、理由）",
                    "parameters": [_ID],
                    "responses": {
                        "200": _json({"$ref": "#/components/schemas/Scores"}, "得分"),
                        "401": _error(),
                        "404": _error(),
                    },
                }
            },
            "/v1/dossiers/{id}/cells": {
                "post": {
                    "summary": "修改一个单元格（乐观锁：version 须为当前版本）",
                    "parameters": [_ID],
                    "requestBody": {
                        "required": True,
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "properties": {
                                        "path": {
                                            "type": "string",
                                            "examples": ["evaluations.0.indicators.3.score"],
                                        },
                                        "text": {"type": "string"},
                                        "version": {"type": "integer"},
                                    },
                                    "required": ["path", "text", "version"],
                                }
                            }
                        },
                    },
                    "responses": {
                        "200": _json({"$ref": "#/components/schemas/DossierSummary"}, "已保存为新版本"),
                        "400": _error(),
                        "401": _error(),
                        "403": _error(),
                        "404": _error(),
                        "409": _error(),
                    },
                }
            },
            "/v1/tasks/": {
                "get": {
                    "summary": "权限范围内的自评任务",
                    "parameters": [_YEAR],
                    "responses": {"200": _json({"type": "object"}, "任务列表"), "401": _error()},
                }
            },
        },
    }
