exports.activate = () => undefined;
exports.deactivate = () => undefined;
