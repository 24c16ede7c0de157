module.exports = {
  coverageThreshold: {
    global: { lines: 80 }
  }
};
