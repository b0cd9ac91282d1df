/**
 * The emulator's store: the list API's order (creation time, then id) kept through changes, since it
 * sorts a region once per change rather than once per page.
 */
import { ConnectionStore } from "../emulator/store";

const REGION = "cn-hangzhou";
const ids = (store: ConnectionStore): string[] => store.list(REGION).map((c) => c.VpnConnectionId ?? "");

describe("ConnectionStore", () => {
    it("lists in creation-time order, then by id, and pages that order", () => {
        const store = new ConnectionStore();
        store.put(REGION, { VpnConnectionId: "vco-c0000001", CreateTime: 3 });
        store.put(REGION, { VpnConnectionId: "vco-b0000001", CreateTime: 1 });
        store.put(REGION, { VpnConnectionId: "vco-a0000001", CreateTime: 3 });
        expect(ids(store)).toEqual(["vco-b0000001", "vco-a0000001", "vco-c0000001"]);
        expect(store.page(REGION, {}, 1, 1)).toEqual({
            total: 3,
            items: [{ VpnConnectionId: "vco-a0000001", CreateTime: 3 }],
        });
    });

    it("keeps the order true after every change: an added, a replaced and a deleted connection", () => {
        const store = new ConnectionStore();
        store.put(REGION, { VpnConnectionId: "vco-a0000001", CreateTime: 2 });
        store.put(REGION, { VpnConnectionId: "vco-b0000001", CreateTime: 3 });
        expect(ids(store)).toEqual(["vco-a0000001", "vco-b0000001"]);
        store.put(REGION, { VpnConnectionId: "vco-c0000001", CreateTime: 1 });
        expect(ids(store)).toEqual(["vco-c0000001", "vco-a0000001", "vco-b0000001"]);
        store.put(REGION, { VpnConnectionId: "vco-a0000001", CreateTime: 4, Name: "later" });
        expect(ids(store)).toEqual(["vco-c0000001", "vco-b0000001", "vco-a0000001"]);
        expect(store.list(REGION)[2]?.Name).toBe("later");
        store.delete(REGION, "vco-b0000001");
        expect(ids(store)).toEqual(["vco-c0000001", "vco-a0000001"]);
    });

    it("hands out copies: changing a listed connection changes nothing stored", () => {
        const store = new ConnectionStore();
        store.put(REGION, { VpnConnectionId: "vco-a0000001", Name: "kept" });
        const [listed] = store.list(REGION);
        if (listed) listed.Name = "changed";
        expect(store.list(REGION)[0]?.Name).toBe("kept");
    });
});
