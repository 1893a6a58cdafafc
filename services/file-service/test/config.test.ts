import { describe, expect, test } from "bun:test";
import { ConfigError } from "@shared/config/load-config.ts";
import { loadFileServiceConfig } from "../src/config.ts";

describe("loadFileServiceConfig", () => {
  test("defaults: port 7001, data dir database, content service on 8001, limits matching the gateway's", () => {
    const config = loadFileServiceConfig({ HULEEDU_DATA_DIR: "/data" });
    expect(config.HTTP_PORT).toBe(7001);
    expect(config.dbPath).toBe("/data/file-service/file-service.sqlite");
    expect(config.contentServiceUrl).toBe("http://127.0.0.1:8001");
    expect(config.MAX_FILES_PER_REQUEST).toBe(100);
    expect(config.MAX_FILE_BYTES).toBe(10 * 2 ** 20);
    expect(config.MAX_REQUEST_BYTES).toBe(100 * (10 * 2 ** 20 + 1024) + 64 * 1024);
  });

  test("FILE_SERVICE_ variables and CONTENT_SERVICE_URL override them", () => {
    const config = loadFileServiceConfig({
      FILE_SERVICE_HTTP_PORT: "0", FILE_SERVICE_DB_PATH: ":memory:", FILE_SERVICE_MAX_FILES_PER_REQUEST: "2",
      FILE_SERVICE_MAX_FILE_BYTES: "10", FILE_SERVICE_EXTRACTION_WORKERS: "1", CONTENT_SERVICE_URL: "http://content:8001/",
    });
    expect([config.HTTP_PORT, config.dbPath, config.MAX_FILES_PER_REQUEST, config.EXTRACTION_WORKERS]).toEqual([0, ":memory:", 2, 1]);
    expect(config.MAX_REQUEST_BYTES).toBe(2 * (10 + 1024) + 64 * 1024);
    expect(config.contentServiceUrl).toBe("http://content:8001");
    expect(loadFileServiceConfig({ FILE_SERVICE_MAX_REQUEST_BYTES: "5000" }).MAX_REQUEST_BYTES).toBe(5000);
  });

  test("bad values are named", () => {
    expect(() => loadFileServiceConfig({ FILE_SERVICE_MAX_FILES_PER_REQUEST: "0" })).toThrow(ConfigError);
    expect(() => loadFileServiceConfig({ FILE_SERVICE_EXTRACTION_WORKERS: "many" })).toThrow(/FILE_SERVICE_EXTRACTION_WORKERS/);
    expect(() => loadFileServiceConfig({ CONTENT_SERVICE_URL: "not a url" })).toThrow(/CONTENT_SERVICE_URL/);
  });
});
